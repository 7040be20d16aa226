import { describe, expect, it } from 'vitest';
import { deriveHand, deriveParticipant, leydenChangType } from './derive.ts';
import { normalReading, withFindings, without } from './testing.ts';

describe('leydenChangType', () => {
  it('types the hand by radial and ulnar patency at the wrist', () => {
    expect(leydenChangType('patent', 'patent')).toBe(1);
    expect(leydenChangType('patent', 'occluded')).toBe(2);
    expect(leydenChangType('occluded', 'patent')).toBe(3);
    expect(leydenChangType('occluded', 'occluded')).toBe(4);
    expect(leydenChangType(undefined, 'patent')).toBeNull();
  });
});

describe('derived results', () => {
  const reading = withFindings(normalReading(), [
    { site: 'R.MCP2', item: 'synovitis', value: 2 }, // RAMRIS site
    { site: 'R.PIP3', item: 'synovitis', value: 1 }, // extension
    { site: 'R.bone.lunate', item: 'erosion', value: 3 },
    { site: 'R.bone.phalanx.middle.2', item: 'erosion', value: 1 },
    { site: 'R.bone.lunate', item: 'bone_oedema', value: 1 },
    { site: 'L.tendon.flexor.1', item: 'tenosynovitis', value: 2 }, // not RAMRIS (thumb sheath)
    { site: 'L.region.digit.2', item: 'calcinosis', value: true },
    { site: 'R.artery.digital.4.ulnar', item: 'artery_status', value: 'occluded' },
    { site: 'R.artery.digital.4.ulnar', item: 'artery_reach', value: 'proximal' },
    { site: 'R.artery.digital.5.ulnar', item: 'artery_status', value: 'thin' },
    { site: 'L.artery.digital.2.radial', item: 'artery_status', value: 'not_visible' },
    { site: 'R.artery.ulnar', item: 'ulnar_patency', value: 'occluded' },
    { site: 'L.vein.digital.3', item: 'venous_return', value: false },
    { site: 'R.hand', item: 'avascular_areas', value: 2 },
  ]);
  const fixed = without(reading, 'L.artery.digital.2.radial', 'artery_reach');

  it('per hand: lesions, RAMRIS sums on RAMRIS sites and on all sites, vessels, Leyden/Chang type', () => {
    const right = deriveHand(fixed, 'R');
    expect(right.lesions.synovitis).toEqual({ any: true, count: 2 });
    expect(right.lesions.erosion).toEqual({ any: true, count: 2 });
    expect(right.lesions.effusion).toEqual({ any: false, count: 0 });
    expect(right.lesions.calcinosis).toEqual({ any: false, count: 0 });
    expect(right.ramris.synovitis).toEqual({ ramrisSites: 2, allSites: 3 });
    expect(right.ramris.erosion).toEqual({ ramrisSites: 3, allSites: 4 });
    expect(right.ramris.bone_oedema).toEqual({ ramrisSites: 1, allSites: 1 });
    expect(right.abnormalDigitalArteries).toBe(2);
    expect(right.fingersWithoutVenousReturn).toBe(0);
    expect(right.avascularAreas).toBe(2);
    expect(right.leydenChangType).toBe(2);
    const left = deriveHand(fixed, 'L');
    expect(left.ramris.tenosynovitis).toEqual({ ramrisSites: 0, allSites: 2 });
    expect(left.lesions.calcinosis).toEqual({ any: true, count: 1 });
    expect(left.abnormalDigitalArteries).toBe(1);
    expect(left.fingersWithoutVenousReturn).toBe(1);
    expect(left.leydenChangType).toBe(1);
  });

  it('per participant: either hand for presence, both hands added up', () => {
    const both = deriveParticipant(fixed, 'both');
    expect(both.hands.map((h) => h.side)).toEqual(['R', 'L']);
    expect(both.lesions.tenosynovitis).toEqual({ any: true, count: 1 });
    expect(both.lesions.synovitis).toEqual({ any: true, count: 2 });
    expect(both.lesions.acro_osteolysis).toEqual({ any: false, count: 0 });
    expect(both.ramris.erosion).toEqual({ ramrisSites: 3, allSites: 4 });
    expect(both.abnormalDigitalArteries).toBe(3);
    expect(both.fingersWithoutVenousReturn).toBe(1);
    expect(both.avascularAreas).toBe(2);
    expect(deriveParticipant(fixed, 'left').hands.map((h) => h.side)).toEqual(['L']);
  });

  it('leaves a figure unknown while a field it depends on is empty', () => {
    const partial = without(without(fixed, 'R.MCP3', 'synovitis'), 'R.MCP4', 'effusion');
    const right = deriveHand(partial, 'R');
    expect(right.lesions.synovitis).toEqual({ any: true, count: null });
    expect(right.lesions.effusion).toEqual({ any: null, count: null });
    expect(right.ramris.synovitis).toEqual({ ramrisSites: null, allSites: null });
    expect(deriveParticipant(partial, 'both').lesions.effusion).toEqual({ any: null, count: null });
    const noUlnar = deriveHand(without(fixed, 'R.artery.ulnar', 'ulnar_patency'), 'R');
    expect(noUlnar.leydenChangType).toBeNull();
  });
});
