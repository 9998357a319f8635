namespace InteractionEngine.Domain.Conversations;

/// <summary>The channel a message travelled on.</summary>
public enum ChannelKind
{
    WebChat,
    WhatsApp,
    FacebookMessenger,
    TwitterDm,
    Sms,
    FacebookPost,
    Tweet,
}

/// <summary>CHAT is private one-to-one messaging; OPEN MEDIA is public posts that involve the organization.</summary>
public enum MediaType
{
    Chat,
    OpenMedia,
}

public static class ChannelKindExtensions
{
    public static MediaType MediaType(this ChannelKind channel) => channel switch
    {
        ChannelKind.FacebookPost or ChannelKind.Tweet => Conversations.MediaType.OpenMedia,
        _ => Conversations.MediaType.Chat,
    };
}
