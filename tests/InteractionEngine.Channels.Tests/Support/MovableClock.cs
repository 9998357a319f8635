namespace InteractionEngine.Channels.Tests.Support;

/// <summary>The system clock moved forward by <see cref="Advance"/>: a test can make days pass between two attempts (timers still run in real time).</summary>
internal sealed class MovableClock : TimeProvider
{
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));
}
