"""podium.convert.pipeline: one input in, one complete output folder out.

Modules:
  ``inputs``  which files to build (:func:`discover`), each one's stem and output folder
  ``master``  :func:`make_master`, the one path from an input to a validated master;
              :func:`read_master` (an existing master file) and :func:`speech_text` (its speech
              back as plain text, ``podium text``)
  ``build``   :func:`build_one`: make the master, render it, write ``OUT/<stem>/`` atomically
  ``record``  ``podium-build.json``, the build record: written by the build, read by deposits,
              checked by incremental batches
"""
