namespace InteractionEngine.Channels.WhatsApp.Outbound;

/// <summary>Section <c>WhatsApp:Dispatcher</c>.</summary>
public sealed class WhatsAppDispatcherOptions : ICloudApiFollowerOptions
{
    public const string Section = "WhatsApp:Dispatcher";
    public bool Enabled { get; set; } = true;
    /// <summary>A send whose outcome is unknown waits this long for a status naming it (by correlation), then is recorded Failed −1.</summary>
    public TimeSpan UnknownOutcomeGrace { get; set; } = TimeSpan.FromMinutes(2);
    /// <summary>Events older than this when first seen are not sent (a first start on an old journal must not send its history).</summary>
    public TimeSpan MaxEventAge { get; set; } = TimeSpan.FromHours(24);
    /// <summary>Conversations dispatched side by side; one conversation's messages always go out in order.</summary>
    public int Parallelism { get; set; } = 8;
    /// <summary>Most journal events handled (and then checkpointed) together; batches grow only while the previous one sends.</summary>
    public int MaxBatchSize { get; set; } = 256;
    public TimeSpan RestartBackoff { get; set; } = TimeSpan.FromSeconds(2);
}
