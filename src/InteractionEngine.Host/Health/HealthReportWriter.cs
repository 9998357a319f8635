using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InteractionEngine.Host.Health;

/// <summary>Writes the readiness report with each check's status, description and data, for operators.</summary>
public static class HealthReportWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                data = e.Value.Data,
            }),
        }));
    }
}
