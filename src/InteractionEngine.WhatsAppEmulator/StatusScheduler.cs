using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace InteractionEngine.WhatsAppEmulator;

/// <summary>
/// After a send is accepted: the status webhooks sent → delivered → read at the configured delays, or one failed
/// status with the platform's error (131026 not on WhatsApp, 131047 outside the 24-hour window). Runs in the
/// background, as the platform does, and stops with the application.
/// </summary>
public sealed class StatusScheduler(WebhookPoster poster, IOptions<EmulatorOptions> options, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<StatusScheduler> log)
{
    internal void Schedule(SentMessage message, BusinessNumber number, string category, JsonObject? failure) =>
        _ = Task.Run(() => RunAsync(message, number, category, failure, lifetime.ApplicationStopping));

    private async Task RunAsync(SentMessage message, BusinessNumber number, string category, JsonObject? failure, CancellationToken stopping)
    {
        var o = options.Value;
        try
        {
            if (failure is not null)
            {
                await Task.Delay(o.StatusDelays.Sent, time, stopping);
                await PostAsync(message, number, "failed", category, failure, stopping);
                return;
            }
            await Task.Delay(o.StatusDelays.Sent, time, stopping);
            await PostAsync(message, number, "sent", category, null, stopping);
            await Task.Delay(Gap(o.StatusDelays.Sent, o.StatusDelays.Delivered), time, stopping);
            await PostAsync(message, number, "delivered", category, null, stopping);
            if (o.StatusDelays.Read is not { } read) return; // read receipts off
            await Task.Delay(Gap(o.StatusDelays.Delivered, read), time, stopping);
            await PostAsync(message, number, "read", category, null, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            log.LogError(e, "Status webhooks for {Wamid} stopped", message.Wamid);
        }
    }

    private static TimeSpan Gap(TimeSpan from, TimeSpan to) => to > from ? to - from : TimeSpan.Zero;

    private async Task PostAsync(SentMessage message, BusinessNumber number, string status, string category, JsonObject? error, CancellationToken stopping)
    {
        var times = options.Value.DuplicateStatuses ? 2 : 1;
        for (var i = 0; i < times; i++)
        {
            // A fresh body each time: JsonNodes belong to one parent.
            var payload = WebhookPayloads.Envelope(options.Value.BusinessAccountId, number,
                WebhookPayloads.Status(message, status, time.GetUtcNow(), category, error?.DeepClone().AsObject()));
            await poster.PostAsync($"status:{status}", message.Wamid, payload, stopping);
        }
    }
}
