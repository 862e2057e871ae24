// An ingest worker that dies at once: the engine must notice, say so, and read requests itself.
throw new Error('this worker fails on purpose (test)');
