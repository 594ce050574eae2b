// The shape plugins had before the SDK facade: an inversify module factory.
export default { id: 'fixture-legacy', apiVersion: 1, createModule: () => ({}) };
