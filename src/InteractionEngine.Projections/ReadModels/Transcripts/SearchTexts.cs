using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>What keyword search indexes for a line: the words a person would remember it by.</summary>
internal static class SearchTexts
{
    public static string? Of(string? text, IReadOnlyList<Attachment> attachments, ButtonReply? reply, NotificationContent? notification)
    {
        var parts = new List<string?> { text, reply?.Text, notification?.Body };
        if (notification is not null)
        {
            parts.AddRange(notification.Buttons.Select(b => b.Text));
            parts.Add(notification.HeaderImage?.Caption);
        }
        foreach (var a in attachments)
        {
            parts.Add(a.Caption);
            parts.Add(a.FileName);
        }
        var joined = string.Join('\n', parts.Where(p => !string.IsNullOrWhiteSpace(p)));
        return joined.Length == 0 ? null : joined;
    }
}
