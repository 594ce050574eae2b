throw new Error('broken plugin exploded while loading');
