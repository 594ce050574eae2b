import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { DockerTestScope, TEST_IMAGE, TEST_RUN_LABEL, makeTempDir, requireDocker } from '@orcaops/testing';
import { callEnvelope, connectOrcaopsMcp } from './test-fixtures/orcaops-mcp-client.js';

/** A job's run as MCP resources through orcaops-mcp on the real engine: listed, read, and its log subscribed to. */
describe('run resources through orcaops-mcp', () => {
  const scope = new DockerTestScope();
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let client: Client;

  beforeAll(async () => {
    await requireDocker();
    temp = await makeTempDir();
    client = await connectOrcaopsMcp(temp.path, 'resources-e2e');
  });
  afterAll(async () => {
    await client?.close();
    await scope.cleanup();
    await temp?.remove();
  });

  it('tells a subscriber while a job writes its log, and reads the record, the log and an artifact', async () => {
    const submitted = await callEnvelope(client, 'orcaops_submit_job', {
      image: TEST_IMAGE,
      commands: ['sleep 1; for i in 1 2 3 4 5; do echo tick-$i; sleep 0.4; done; printf "%s" report > report.txt'],
      artifacts: ['report.txt'],
      labels: { [TEST_RUN_LABEL]: scope.runId },
    });
    const jobId = String(submitted['job_id']);
    const logUri = `orcaops://runs/${jobId}/logs/stdout`;
    const updates: string[] = [];
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => void updates.push(notification.params.uri));
    await client.subscribeResource({ uri: logUri });

    for (let i = 0; i < 200; i++) {
      const status = await callEnvelope(client, 'orcaops_get_job_status', { job_id: jobId });
      if (status['status'] === 'success') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(updates.length).toBeGreaterThanOrEqual(2);
    expect(new Set(updates)).toEqual(new Set([logUri]));

    const log = await client.readResource({ uri: logUri });
    expect(log.contents[0]).toMatchObject({ uri: logUri, mimeType: 'text/plain', text: 'tick-1\ntick-2\ntick-3\ntick-4\ntick-5\n' });
    const record = await client.readResource({ uri: `orcaops://runs/${jobId}` });
    expect(JSON.parse((record.contents[0] as { text: string }).text)).toMatchObject({ run: { job_id: jobId, status: 'success' } });
    const artifact = await client.readResource({ uri: `orcaops://runs/${jobId}/artifacts/workspace%2Freport.txt` });
    expect(artifact.contents[0]).toMatchObject({ text: 'report' });
    // Job results link the run's resources after the text, which stays for clients that do not follow links.
    const status = await client.callTool({ name: 'orcaops_get_job_status', arguments: { job_id: jobId } });
    const content = status.content as Array<{ type: string; uri?: string }>;
    expect(content[0]!.type).toBe('text');
    expect(content.filter((block) => block.type === 'resource_link').map((block) => block.uri)).toEqual(
      expect.arrayContaining([`orcaops://runs/${jobId}`, logUri, `orcaops://runs/${jobId}/logs/stderr`, `orcaops://runs/${jobId}/artifacts/workspace%2Freport.txt`]),
    );
    const { resources } = await client.listResources();
    expect(resources.map((resource) => resource.uri)).toEqual(expect.arrayContaining([`orcaops://runs/${jobId}`, logUri]));
  }, 60_000);
});
