import { makeRepo } from '../helpers/gitRepo';
import { Git } from '../../src/git/Git';

/**
 * git cat-file --batch answers in one stream: objects large enough to arrive over many chunks are
 * received straight into their own buffer, small ones cut out of the chunks, in any mix and order.
 */
describe('the cat-file reader', () => {
  test('large and small objects, asked together and again, come back byte for byte', async () => {
    // Text whose bytes vary, so a byte out of place shows; sizes around the chunk and direct-read limits.
    const blob = (n: number, seed: number) =>
      Buffer.from(Array.from({ length: n }, (_, i) => 32 + ((i * 31 + seed) % 95))).toString('latin1');
    const sizes = [0, 1, 65535, 65537, 256 * 1024 - 1, 256 * 1024, 700 * 1024, 3 * 1024 * 1024 + 7];
    const files = Object.fromEntries(sizes.map((n, i) => [`f${i}.bin`, blob(n, i)]));
    const repo = makeRepo(files);
    const git = await Git.open(repo.dir);
    try {
      const names = sizes.map((_, i) => `HEAD:f${i}.bin`);
      const want = sizes.map((_, i) => Buffer.from(files[`f${i}.bin`], 'utf8'));
      // Interleaved: a large object between small ones, a missing name among them.
      const order = [7, 0, 6, 1, 5, 2, 4, 3];
      const got = await git!.blobs.read([...order.map((i) => names[i]), 'HEAD:nothing-here']);
      expect(got.map((b) => b?.length)).toEqual([...order.map((i) => sizes[i]), undefined]);
      order.forEach((i, k) => expect(got[k]!.equals(want[i])).toBe(true));
      // Asked again (the large ones are not kept, so git answers again) and one by one, concurrently.
      const again = await Promise.all(names.map((n) => git!.blobs.read([n])));
      again.forEach(([b], i) => expect(b!.equals(want[i])).toBe(true));
    } finally {
      git!.close();
    }
  });
});
