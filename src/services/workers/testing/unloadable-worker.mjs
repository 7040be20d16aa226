// A worker script that fails as it loads, for the pool's test of a worker that never starts a task.
throw new Error('this worker cannot load');
