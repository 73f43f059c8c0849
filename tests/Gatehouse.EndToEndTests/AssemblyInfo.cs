// The demo-command test binds the demo's fixed ports and measures a start-up time: nothing else runs beside it.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
