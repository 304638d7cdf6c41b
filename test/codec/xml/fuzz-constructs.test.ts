import { expect, it } from 'vitest';
import { bytes } from './xml-helpers.js';
import { fuzz } from './xml-mutations.js';

/** Small bodies dense in the constructs mutations can break: references, CDATA, comments, PIs, UTF-8. */
const SEEDS = [
  '<s:E xmlns:s="urn:s"><s:B><m:I xmlns:m="urn:m"><N>a&amp;b&#x41;&#66;</N><V t=\'x&lt;\'>é€😀</V></m:I></s:B></s:E>',
  '<?xml version="1.0" encoding="UTF-8"?><a><!-- c --><b><![CDATA[<x> & ]]></b><?p q?><c d="1" e=\'2\'/></a>',
  '\uFEFF<Envelope><Body><R><P><V>Voice & fax</V></P><P><V> &quot;q&quot; &apos;a&apos; </V></P></R></Body></Envelope>',
  '<a>\r\n <b>1</b>\r\n <b>2</b>\r\n <b>3</b>\r\n</a>',
];

// Together with the 50,000 mutations in differential.test.ts, 100,000 per test run.
it('the fast and sax tokenizers agree on 50,000 mutations of construct-dense bodies (seed 7547)', async () => {
  const report = await fuzz(SEEDS.map(bytes), 7547, 50_000);
  expect(report.mismatches).toEqual([]);
  expect(report.outcomes['events']).toBeGreaterThan(1000);
}, 60_000);
