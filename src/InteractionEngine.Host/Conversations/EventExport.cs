using System.Text.Json;
using InteractionEngine.Host.Database;
using InteractionEngine.Projections.Store;
using InteractionEngine.Projections.Queries;

namespace InteractionEngine.Host.Conversations;

/// <summary>A tenant's events in event-time order within a range, read with a server-side cursor (constant memory).</summary>
public sealed class EventExport(EngineDatabase database)
{
    private readonly EventExportReader _reader = new(database.ConnectionString, ReadModelStore.DefaultSchema);

    public IAsyncEnumerable<ExportedEvent> ReadAsync(string tenant, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        _reader.ReadAsync(tenant, from, to, ct);
}

/// <summary>Writes events as JSON lines while reading them, flushing as it goes.</summary>
public sealed class EventStreamResult(EventExport export, string tenant, DateTimeOffset from, DateTimeOffset to) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        http.Response.ContentType = "application/x-ndjson";
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var count = 0;
        await foreach (var e in export.ReadAsync(tenant, from, to, http.RequestAborted))
        {
            await JsonSerializer.SerializeAsync(http.Response.Body, e, options, http.RequestAborted);
            await http.Response.Body.WriteAsync("\n"u8.ToArray(), http.RequestAborted);
            if (++count % 500 == 0) await http.Response.Body.FlushAsync(http.RequestAborted);
        }
    }
}
