using System.Text.Json;
using InteractionEngine.Projections.Queries;

namespace InteractionEngine.Host.Conversations;

/// <summary>Writes a tenant's events in a time range as JSON lines while reading them (constant memory), flushing as it goes.</summary>
public sealed class EventStreamResult(EventExportReader export, string tenant, DateTimeOffset from, DateTimeOffset to) : IResult
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
