import { describe, expect, it } from '@jest/globals';
import { FakeDockerService, callToolData, walkPages } from '@orcaops/testing';
import { createListContainersTool } from './list-containers.tool.js';

/** An engine with `count` containers, newest first, with long names and a few published ports each. */
function engineWith(count: number): FakeDockerService {
  const docker = new FakeDockerService();
  for (let n = 0; n < count; n++) {
    docker.add({
      id: n.toString(16).padStart(64, '0'),
      name: `project-with-a-long-name-service-${n}`,
      image: `registry.example.com/team/image-${n % 5}:1.2.${n % 13}`,
      state: n % 3 === 0 ? 'exited' : 'running',
      status: n % 3 === 0 ? 'Exited (0) 2 hours ago' : 'Up 5 minutes',
      ports: [{ containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 8000 + (n % 1000) }],
      labels: { team: n % 2 ? 'web' : 'data' },
    });
  }
  return docker;
}

describe('orcaops_list_containers paging', () => {
  const tool = (docker: FakeDockerService) => createListContainersTool(docker);
  /** Lists as OrcaOps calls the tool; the tool fits every page itself, so no reply is cut for it. */
  async function list(docker: FakeDockerService, args: Record<string, unknown>, replyLimit?: number): Promise<Record<string, any>> {
    const page = await callToolData(tool(docker), args, { replyLimit });
    expect(page['reply_truncated']).toBeUndefined();
    return page;
  }
  const ids = (rows: ReadonlyArray<{ id: string }>) => rows.map((row) => row.id);

  it('pages 3,000 containers at limit 1000 in budget-sized pages: every one once, in the engine order, total on every page', async () => {
    const docker = engineWith(3000);
    const expected = (await docker.listContainers({ all: true })).map((container) => container.id.slice(0, 12));
    const walked = await walkPages<{ id: string }>((offset) => list(docker, { all: true, offset, limit: 1000 }), { list: 'containers', limitBytes: 65_536 });
    expect(ids(walked.items)).toEqual(expected);
    expect(walked.pages.length).toBeGreaterThan(3);
    for (const page of walked.pages) expect(page).toMatchObject({ total: 3000, truncated: page['next_offset'] !== null });
  });

  it('pages a filtered listing under a small budget exactly too', async () => {
    const docker = engineWith(600);
    const expected = (await docker.listContainers({ all: true, labels: { team: 'web' } })).map((container) => container.id.slice(0, 12));
    const walked = await walkPages<{ id: string }>((offset) => list(docker, { all: true, label: ['team=web'], offset, limit: 1000 }, 8192), {
      list: 'containers',
      limitBytes: 8192,
    });
    expect(ids(walked.items)).toEqual(expected);
    expect(walked.pages[0]).toMatchObject({ total: 300 });
  });

  it('ends a page at limit when it fits, and past the end gives an empty last page', async () => {
    const docker = engineWith(50);
    expect(await list(docker, { all: true, offset: 10, limit: 20 })).toMatchObject({ total: 50, next_offset: 30, truncated: true });
    expect(await list(docker, { all: true, offset: 40, limit: 20 })).toMatchObject({ total: 50, next_offset: null, truncated: false });
    expect(await list(docker, { all: true, offset: 80 })).toMatchObject({ containers: [], total: 50, next_offset: null });
  });
});
