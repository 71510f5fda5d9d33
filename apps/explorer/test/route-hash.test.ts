import { describe, expect, it } from 'vitest';
import { withDefaultStudy } from '../src/ui/route-hash.ts';

const hashOf = (r: ReturnType<typeof withDefaultStudy>) =>
  r === null ? null : `#/${r.view}?${r.params.toString()}`;

describe('withDefaultStudy', () => {
  it('opens the first study in the matrix when the address names nothing', () => {
    expect(hashOf(withDefaultStudy('', 'ips-norway'))).toBe('#/matrix?study=ips-norway');
    expect(hashOf(withDefaultStudy('#/', 'ips-norway'))).toBe('#/matrix?study=ips-norway');
  });

  it('keeps the view and parameters of a link followed while the studies loaded', () => {
    expect(hashOf(withDefaultStudy('#/code?doc=d-07', 'ips-norway'))).toBe(
      '#/code?doc=d-07&study=ips-norway',
    );
  });

  it('leaves an address that names a study alone, even one that does not exist', () => {
    expect(withDefaultStudy('#/code?study=collab&doc=d-07', 'ips-norway')).toBeNull();
    expect(withDefaultStudy('#/matrix?study=ips-norwayx', 'ips-norway')).toBeNull();
  });
});
