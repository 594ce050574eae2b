import { healthcheck, type SandboxTemplate } from './template.js';

export const pythonMl: SandboxTemplate = {
  id: 'python-ml',
  name: 'Python ML',
  description: 'A Jupyter server with the scientific Python stack (numpy, pandas, scikit-learn, matplotlib); notebooks in ./notebooks.',
  services: [
    {
      name: 'jupyter',
      description: 'JupyterLab; open it with the token from .env',
      image: 'quay.io/jupyter/scipy-notebook:latest',
      port: { container: 8888, defaultHostPort: 8888, protocol: 'http' },
      environment: { JUPYTER_TOKEN: '${JUPYTER_TOKEN}' },
      volumes: ['./notebooks:/home/jovyan/work'],
      // wget ships in the Jupyter images; /api answers without the token.
      healthcheck: healthcheck(['CMD-SHELL', 'wget -q -O /dev/null http://127.0.0.1:8888/api || exit 1'], 30),
    },
  ],
  variables: [{ name: 'JUPYTER_TOKEN', description: 'Token for logging in to Jupyter (http://127.0.0.1:<port>/?token=...).', secret: true }],
  volumes: [],
  files: { 'notebooks/README.md': '# Notebooks\n\nThis directory is mounted at /home/jovyan/work in the Jupyter service.\n' },
};
