using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace InteractionEngine.WhatsAppEmulator;

/// <summary>
/// Posts webhooks to the callback URL signed like Meta's (X-Hub-Signature-256: sha256=HMAC-SHA256(app secret, raw
/// body) in lowercase hex) and retries with backoff when the engine does not answer 2xx.
/// </summary>
public sealed class WebhookPoster(IHttpClientFactory httpClients, IOptions<EmulatorOptions> options, EmulatorState state, TimeProvider time, ILogger<WebhookPoster> log)
{
    public const string HttpClientName = "webhooks";

    internal async Task<WebhookDelivery> PostAsync(string kind, string wamid, JsonObject payload, CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.CallbackUrl))
        {
            log.LogInformation("No CallbackUrl: {Kind} webhook for {Wamid} not posted: {Payload}", kind, wamid, payload.ToJsonString());
            return Record(new WebhookDelivery(kind, wamid, null, 0, "no CallbackUrl configured"));
        }
        var body = Encoding.UTF8.GetBytes(payload.ToJsonString());
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(o.AppSecret), body));
        var http = httpClients.CreateClient(HttpClientName);
        int? status = null;
        string? error = null;
        var attempts = 0;
        while (attempts < Math.Max(1, o.WebhookMaxAttempts))
        {
            if (attempts > 0) await Task.Delay(o.WebhookRetryDelay * Math.Pow(2, attempts - 1), time, cancellationToken);
            attempts++;
            using var request = new HttpRequestMessage(HttpMethod.Post, o.CallbackUrl) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.Add("X-Hub-Signature-256", signature);
            request.Headers.UserAgent.ParseAdd("facebookexternalua");
            try
            {
                using var response = await http.SendAsync(request, cancellationToken);
                status = (int)response.StatusCode;
                error = response.IsSuccessStatusCode ? null : $"HTTP {status}";
                if (response.IsSuccessStatusCode) break;
            }
            catch (HttpRequestException e)
            {
                error = e.Message;
            }
        }
        log.LogInformation("{Kind} webhook for {Wamid}: {Result} after {Attempts} attempt(s)", kind, wamid, error ?? $"HTTP {status}", attempts);
        return Record(new WebhookDelivery(kind, wamid, status, attempts, error));
    }

    private WebhookDelivery Record(WebhookDelivery delivery)
    {
        state.Record(delivery);
        return delivery;
    }
}
