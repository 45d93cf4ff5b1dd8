"""podium.convert.batch: many speeches at once, on a worker pool or a Dask cluster, incremental.

:func:`~podium.convert.batch.run.build_batch` is what ``podium build`` runs for any number of
inputs, and the Python API for the same job::

    from podium.convert import BatchOptions, BuildOptions, build_batch
    report = build_batch([Path("speeches")], BuildOptions(out=Path("out")), BatchOptions(jobs=2))
    print(report.counts)  # {"built": 240, "skipped": 9, "failed": 0}

Modules:
  ``run``       :func:`build_batch`: plan, skip the unchanged, run an executor, report
  ``plan``      the inputs largest first; each input's key (what its build depends on)
  ``manifest``  ``OUT/podium-manifest.json``, the incremental manifest
  ``document``  :func:`build_document`, the per-document function every executor runs
  ``pool``      the local executor: forkserver worker processes, each warmed up once
  ``dask``      the Dask distributed executor
  ``progress``  the progress display and summary of ``podium build``

How a batch runs:

Plan
    The inputs (files, or folders walked by :func:`podium.convert.pipeline.inputs.discover`) ordered
    largest first, so that the longest speech does not start last and leave one worker busy
    while the others idle.
Incremental
    ``OUT/podium-manifest.json`` keeps, per output folder, a key: the SHA-256 of the input's
    bytes, its sidecar's bytes, the build options, every file of the theme, podium's version
    and ``SOURCE_DATE_EPOCH``. An input whose key matches, and whose output folder still holds
    every file its build record lists at the recorded size, is skipped and reported so.
    ``force`` rebuilds everything. The manifest is rewritten atomically as documents finish,
    so an interrupted run keeps what it finished; the entry of a folder about to be rebuilt
    under another key is dropped from it before the run, so that a run killed after the swap
    never leaves the old key vouching for the new folder.
Executors
    ``local``: with ``jobs`` 1 the documents are built in this process; with more, by a pool
    of long-lived worker processes (started with ``forkserver``: each loads WeasyPrint and
    compiles the schemas once, in :func:`.pool.warm_up`), each replaced after
    :data:`.pool.TASKS_PER_WORKER` documents so that memory stays bounded over a long run.
    ``dask``: the same per-document function, :func:`.document.build_document`, submitted to
    a Dask distributed scheduler (``scheduler`` is its address); OUT must be a folder every
    worker can write (a shared file system).
Failure isolation
    :func:`.document.build_document` never raises for a bad input: the failure comes back as
    an outcome with its code. An environment problem (a missing font or library, codes
    ``E9xx``) would fail every input alike, so it stops the run. Ctrl-C
    (``KeyboardInterrupt``) cancels what has not started; pool workers ignore the signal and
    finish the builds in progress whole (every build is staged and swapped in); with one
    process, the interrupted build removes its staging folder. What finished is recorded in
    the manifest and the interrupt raised again.
Crashes
    A command killed outright (SIGKILL, the OOM killer) takes its pool workers with it: each
    watches its parent and ends the moment it is gone, rather than build what was queued
    to it into OUT and then wait forever. What a killed process was writing stays hidden
    (staging folders, temporary files: :mod:`podium.convert.atomic`); the next run removes
    those whose owner is dead before it starts, and builds what was not finished.
"""
