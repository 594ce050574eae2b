import { z } from 'zod';
import { fitItems } from '@orcaops/plugin-api';
import { FittedSandboxView, SandboxView as SandboxViewSchema } from '@orcaops/contracts';

type SandboxViewOutput = z.infer<typeof SandboxViewSchema>;
type ServiceContainerOutput = SandboxViewOutput['services'][number]['containers'][number];

/** orcaops_get_sandbox's output (declared in @orcaops/contracts). */
export const FittedSandboxViewSchema = FittedSandboxView;

/**
 * A sandbox view within `room` bytes. A template's view is small, but a registered compose project scaled to many
 * replicas is not bounded: then every service stays listed, endpoints get the budget first (they are what a caller
 * connects to), then containers in service order, each as far as it goes, and the counts say what was left out.
 */
export function fitSandboxView(view: SandboxViewOutput, room: number): z.infer<typeof FittedSandboxViewSchema> {
  const containers = view.services.flatMap((service, index) => service.containers.map((container) => ({ index, container })));
  const build = (endpoints: number, kept: number) => {
    const services = view.services.map((service) => ({ name: service.name, containers: [] as ServiceContainerOutput[] }));
    for (const { index, container } of containers.slice(0, kept)) services[index]!.containers.push(container);
    return {
      ...view,
      services,
      endpoints: view.endpoints.slice(0, endpoints),
      containers_omitted: containers.length - kept,
      endpoints_omitted: view.endpoints.length - endpoints,
    };
  };
  const endpoints = fitItems(view.endpoints, room, (prefix) => build(prefix.length, 0)).kept;
  const kept = fitItems(containers, room, (prefix) => build(endpoints, prefix.length)).kept;
  return build(endpoints, kept);
}
