using System.Collections.Immutable;
using Akka.Persistence.Journal;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Actors.Conversations;

/// <summary>Tags every conversation event so the read side can follow them all with EventsByTag.</summary>
public sealed class ConversationTagger : IWriteEventAdapter
{
    public const string Tag = "conversation";
    private static readonly ImmutableHashSet<string> Tags = ImmutableHashSet.Create(Tag);

    public string Manifest(object evt) => string.Empty;

    public object ToJournal(object evt) => evt is IConversationEvent ? new Tagged(evt, Tags) : evt;
}
