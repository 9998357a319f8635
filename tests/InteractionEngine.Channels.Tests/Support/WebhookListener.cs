using System.Threading.Channels;
using InteractionEngine.Channels.WhatsApp.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InteractionEngine.Channels.Tests.Support;

/// <summary>A stand-in for the engine's webhook endpoint on 127.0.0.1: verifies the signature as the engine must, then records.</summary>
internal sealed class WebhookListener : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<ReceivedWebhook> _received = Channel.CreateUnbounded<ReceivedWebhook>();
    private readonly List<ReceivedWebhook> _seen = [];

    private WebhookListener(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";
    public int RefusedSignatures { get; private set; }

    public static async Task<WebhookListener> StartAsync(string appSecret, string verifyToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var listener = new WebhookListener(app);
        app.MapGet("/webhook", (HttpRequest r) =>
            WebhookVerification.Answer(r.Query["hub.mode"], r.Query["hub.verify_token"], r.Query["hub.challenge"], verifyToken) is { } challenge
                ? Results.Text(challenge)
                : Results.StatusCode(403));
        app.MapPost("/webhook", async (HttpRequest r) =>
        {
            using var buffer = new MemoryStream();
            await r.Body.CopyToAsync(buffer);
            var raw = buffer.ToArray();
            var signature = r.Headers[WebhookSignature.HeaderName].ToString();
            if (!WebhookSignature.IsValid(raw, signature, appSecret))
            {
                listener.RefusedSignatures++;
                return Results.StatusCode(401);
            }
            var parsed = WhatsAppWebhookParser.Parse(raw);
            if (!parsed.IsValid) return Results.BadRequest(parsed.Error);
            await listener._received.Writer.WriteAsync(new ReceivedWebhook(raw, signature, parsed.Webhook!));
            return Results.Ok();
        });
        await app.StartAsync();
        listener.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/webhook";
        return listener;
    }

    /// <summary>The first webhook (already received or arriving within the timeout) that matches.</summary>
    public async Task<ReceivedWebhook> WaitForAsync(Func<WhatsAppWebhook, bool> match, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        lock (_seen)
        {
            if (_seen.FirstOrDefault(w => match(w.Webhook)) is { } already) return already;
        }
        while (true)
        {
            var next = await _received.Reader.ReadAsync(cts.Token);
            lock (_seen) _seen.Add(next);
            if (match(next.Webhook)) return next;
        }
    }

    public IReadOnlyList<ReceivedWebhook> Seen
    {
        get
        {
            while (_received.Reader.TryRead(out var w)) lock (_seen) _seen.Add(w);
            lock (_seen) return [.. _seen];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed record ReceivedWebhook(byte[] RawBody, string Signature, WhatsAppWebhook Webhook);
