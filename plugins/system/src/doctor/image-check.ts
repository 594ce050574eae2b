import { notChecked, ok, warn, type Finding } from './finding.js';
import { ENGINE_DOWN, type DoctorInputs } from './doctor-inputs.js';

/** The small image `npm run test-engine` builds locally, so that jobs can run without any registry. */
export const LOCAL_TEST_IMAGE = 'orcaops-test/busybox:latest';

/**
 * `images`: what jobs can run without a registry. Registry access is not probed: no engine call tells it without
 * pulling, and system info must neither reach the internet nor wait for it. So no local image is a `warn` (every
 * job then needs a pull), never a `problem`.
 */
export async function imagesFinding({ docker, engine, signal }: Pick<DoctorInputs, 'docker' | 'engine' | 'signal'>): Promise<Finding> {
  if (!engine.ok) return notChecked('images', 'Local images', ENGINE_DOWN.why, ENGINE_DOWN.fix);
  const testImage = await docker.inspectImage(LOCAL_TEST_IMAGE, { signal });
  const images = engine.info.images;
  const pullNote = 'A job whose image is not local pulls it first, which needs registry access (not checked here).';
  if (images === 0) {
    return warn(
      'images',
      'No local images',
      `The engine has no images. ${pullNote}`,
      `Pull the images your jobs use (\`docker pull node:22\`), or build ${LOCAL_TEST_IMAGE} without any registry: \`npm run test-engine\` in a clone of OrcaOps.`,
    );
  }
  const test = testImage ? `${LOCAL_TEST_IMAGE} is there, so jobs can run offline.` : `${LOCAL_TEST_IMAGE} is not there.`;
  return ok('images', 'Local images', `${images} image${images === 1 ? '' : 's'} on the engine; ${test} ${pullNote}`);
}
