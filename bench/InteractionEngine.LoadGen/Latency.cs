using System.Diagnostics;
using System.Diagnostics.Metrics;
using HdrHistogram;
using InteractionEngine.Projections.Pipeline;

namespace InteractionEngine.LoadGen;

/// <summary>A thread-safe HdrHistogram of latencies in microseconds (1 µs to 5 min, 3 significant digits).</summary>
public sealed class LatencyRecorder
{
    private readonly object _gate = new();
    private readonly LongHistogram _histogram = new(TimeSpan.FromMinutes(5).Ticks / 10, 3);

    public long Count
    {
        get { lock (_gate) return _histogram.TotalCount; }
    }

    public void RecordElapsed(long startTimestamp) => RecordMicros(Stopwatch.GetElapsedTime(startTimestamp).Ticks / 10);

    public void RecordMs(double milliseconds) => RecordMicros((long)(milliseconds * 1000));

    public void RecordMicros(long micros)
    {
        micros = Math.Clamp(micros, 1, _histogram.HighestTrackableValue);
        lock (_gate) _histogram.RecordValue(micros);
    }

    public LatencySummary Summary()
    {
        lock (_gate)
        {
            if (_histogram.TotalCount == 0) return LatencySummary.Empty;
            double Ms(double p) => _histogram.GetValueAtPercentile(p) / 1000.0;
            return new LatencySummary(_histogram.TotalCount, Ms(50), Ms(95), Ms(99), _histogram.GetMaxValue() / 1000.0);
        }
    }
}

public sealed record LatencySummary(long Count, double P50, double P95, double P99, double Max)
{
    public static readonly LatencySummary Empty = new(0, double.NaN, double.NaN, double.NaN, double.NaN);

    public string Triple => Count == 0 ? "n/a" : $"{Fmt(P50)} / {Fmt(P95)} / {Fmt(P99)} ms";

    public static string Fmt(double ms) => double.IsNaN(ms) ? "n/a" : ms < 10 ? ms.ToString("0.00") : ms < 100 ? ms.ToString("0.0") : ms.ToString("0");
}

/// <summary>
/// Listens to the pipeline's "pipeline.lag" histogram (from the event being durable — its actor's timestamp, or the
/// journal row's when the journal query brought it — to the Marten commit that made it visible, per event) while enabled.
/// </summary>
public sealed class PipelineLagListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private volatile LatencyRecorder? _target;

    public PipelineLagListener()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == PipelineStatus.Meter.Name && instrument.Name == "pipeline.lag") listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((_, value, _, _) => _target?.RecordMs(value));
        _listener.Start();
    }

    /// <summary>Records into a fresh histogram from now on; returns it.</summary>
    public LatencyRecorder Begin() => _target = new LatencyRecorder();

    public void End() => _target = null;

    public void Dispose() => _listener.Dispose();
}
