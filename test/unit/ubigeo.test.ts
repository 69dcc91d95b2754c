import { expect } from '@open-wc/testing';
import { lookupUbigeo } from '../../src/ubigeo/ubigeo.js';

/** Whether the page has fetched the table module (its own chunk). */
const tableLoaded = () =>
  performance.getEntriesByType('resource').some((entry) => entry.name.includes('/src/ubigeo/data.'));

// Order matters in this file: the first two tests look at the page before the table loads.
describe('lookupUbigeo', () => {
  it('does not load the table for a code that is not six digits', async () => {
    expect(await lookupUbigeo('1401xx')).to.equal(null);
    expect(await lookupUbigeo('14013')).to.equal(null);
    expect(await lookupUbigeo('1401333')).to.equal(null);
    expect(await lookupUbigeo('')).to.equal(null);

    expect(tableLoaded()).to.equal(false);
  });

  it('loads the table with the first real lookup', async () => {
    expect(await lookupUbigeo('140133')).to.deep.equal({
      department: 'LIMA',
      province: 'LIMA',
      district: 'JESUS MARIA',
    });

    expect(tableLoaded()).to.equal(true);
  });

  const RENIEC: [string, string, string, string][] = [
    // Lima is 14 in RENIEC (15 in INEI); Callao is 24 (07 in INEI).
    ['140101', 'LIMA', 'LIMA', 'LIMA'],
    ['140133', 'LIMA', 'LIMA', 'JESUS MARIA'],
    ['140109', 'LIMA', 'LIMA', 'LA VICTORIA'],
    ['240101', 'CALLAO', 'CALLAO', 'CALLAO'],
    ['240107', 'CALLAO', 'CALLAO', 'MI PERU'],
    ['150101', 'LORETO', 'MAYNAS', 'IQUITOS'],
    ['070101', 'CUSCO', 'CUSCO', 'CUSCO'],
    ['010101', 'AMAZONAS', 'CHACHAPOYAS', 'CHACHAPOYAS'],
    ['010205', 'AMAZONAS', 'BAGUA', 'BAGUA'],
    ['040129', 'AREQUIPA', 'AREQUIPA', 'JOSE LUIS BUSTAMANTE Y RIVERO'],
    ['021305', 'ANCASH', 'SANTA', 'NEPEÑA'],
    ['170107', 'MOQUEGUA', 'MARISCAL NIETO', 'SAN ANTONIO'],
    ['250401', 'UCAYALI', 'PURUS', 'PURUS'],
  ];
  for (const [code, department, province, district] of RENIEC) {
    it(`decodes RENIEC ${code} as ${district}, ${province}, ${department}`, async () => {
      expect(await lookupUbigeo(code)).to.deep.equal({ department, province, district });
    });
  }

  it('decodes with RENIEC codes, not INEI ones: INEI 150113 (Jesús María) is another district', async () => {
    const place = await lookupUbigeo('150113');

    expect(place).to.deep.equal({ department: 'LORETO', province: 'MAYNAS', district: 'SAN JUAN BAUTISTA' });
  });

  it('does not read INEI 070101 (Callao) as Callao', async () => {
    expect((await lookupUbigeo('070101'))?.department).to.not.equal('CALLAO');
  });

  for (const code of ['000000', '999999', '140199', '260101']) {
    it(`gives null for ${code}, which no district has`, async () => {
      expect(await lookupUbigeo(code)).to.equal(null);
    });
  }

  it('decodes the codes on either side of a gap in a province’s numbering, and none in it', async () => {
    // AIJA (0202) numbers its districts 01, 03, 05, 06, 08: the table writes a code only where
    // one is skipped.
    const codes = ['020201', '020202', '020203', '020204', '020205', '020206', '020207', '020208', '020209'];

    const districts = await Promise.all(codes.map(async (code) => (await lookupUbigeo(code))?.district ?? null));

    expect(districts).to.deep.equal(['AIJA', null, 'CORIS', null, 'HUACLLAN', 'LA MERCED', null, 'SUCCHA', null]);
  });

  it('ignores surrounding spaces', async () => {
    expect((await lookupUbigeo(' 140133 '))?.district).to.equal('JESUS MARIA');
  });

  it('hands out copies: changing one does not change the table', async () => {
    const place = await lookupUbigeo('140133');
    place!.district = 'CHANGED';

    expect((await lookupUbigeo('140133'))?.district).to.equal('JESUS MARIA');
  });

  it('has the 1,892 districts of the 196 provinces of the 25 departments', async () => {
    const data = await import('../../src/ubigeo/data.js');
    // A line per province, a blank line between departments.
    const lines = data.PROVINCES.split(/\n+/);
    const districts = lines.reduce((sum, line) => sum + line.split('|').length - 1, 0);

    expect([data.DEPARTMENTS.length, lines.length, districts]).to.deep.equal([25, 196, 1892]);
  });

  it('carries the source and its MIT notice with the data', async () => {
    const { SOURCE } = await import('../../src/ubigeo/data.js');

    expect(SOURCE).to.contain('jmcastagnetto/ubigeo-peru-aumentado');
    expect(SOURCE).to.contain('Copyright (c) 2021 Jesus M. Castagnetto');
    expect(SOURCE).to.contain('The above copyright notice and this permission notice shall be included');
  });
});
