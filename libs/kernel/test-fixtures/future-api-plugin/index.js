throw new Error('a plugin for another API version must not even be imported');
