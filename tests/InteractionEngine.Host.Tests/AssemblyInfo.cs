// Each test class starts a whole engine (Akka cluster, pipeline, Marten daemon); running them one at a time keeps
// a 2-core machine responsive and the timings honest.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
