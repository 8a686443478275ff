"""Running the pipeline: the main job and the executors it runs stages on."""
