using InteractionEngine.Projections.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace InteractionEngine.Host.Tests;

/// <summary>Waits on the read side's position instead of polling with sleeps.</summary>
public static class ReadSideWait
{
    /// <summary>Completes once the read models hold every event the journal held when it was called (commands answered before it are visible).</summary>
    public static Task ReadSideCaughtUpAsync(this EngineFactory engine, int seconds = 20) =>
        CaughtUpAsync(engine.Services, engine.ConnectionString, seconds);

    /// <inheritdoc cref="ReadSideCaughtUpAsync(EngineFactory, int)"/>
    public static Task ReadSideCaughtUpAsync(this WhatsApp.WhatsAppEngine engine, int seconds = 20) =>
        CaughtUpAsync(engine.Services, engine.ConnectionString, seconds);

    private static async Task CaughtUpAsync(IServiceProvider services, string connectionString, int seconds)
    {
        long written;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            // Only conversation events (tagged): the timer registry journals its wake-ups in the same table, and the read side
            // never follows those, so a wake-up written last would otherwise make this wait for an ordering that never comes.
            await using var command = new NpgsqlCommand("select coalesce(max(ordering), 0) from journal where tags like '%;conversation;%'", connection);
            written = (long)(await command.ExecuteScalarAsync())!;
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            await services.GetRequiredService<PipelineStatus>().WaitForOrderingAsync(written, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the read side did not reach journal ordering {written} within {seconds}s");
        }
    }
}
