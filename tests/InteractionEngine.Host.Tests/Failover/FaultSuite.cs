namespace InteractionEngine.Host.Tests.Failover;

/// <summary>
/// The fault suite's two sizes: the short variant runs in every test run (CI), the long one when
/// <c>IE_FAULTS_LONG=1</c> (docs/reliability.md, "Fault suite"): the figures, too slow for the 12-minute suite.
/// </summary>
internal static class FaultSuite
{
    public const string LongVariable = "IE_FAULTS_LONG";

    public static bool Long => Environment.GetEnvironmentVariable(LongVariable) == "1";

    /// <summary>How long PostgreSQL stays down mid-load.</summary>
    public static TimeSpan DatabaseOutage => Long ? TimeSpan.FromSeconds(20) : TimeSpan.FromSeconds(6);
}
