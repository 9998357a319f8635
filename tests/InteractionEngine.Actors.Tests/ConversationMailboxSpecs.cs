using Akka.Actor;
using Akka.TestKit.Xunit2;
using InteractionEngine.Actors.Conversations;
using InteractionEngine.Domain.Conversations;
using static InteractionEngine.Actors.Tests.TestCommands;

namespace InteractionEngine.Actors.Tests;

/// <summary>The conversation entities run on <see cref="ConversationMailbox"/> (AddConversations configures it).</summary>
public class ConversationMailboxSpecs() : TestKit(Config)
{
    private static readonly string Config = $"""
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        {ConversationMailbox.Hocon}
        """;

    private IActorRef Conversation(ConversationId id, int snapshotEvery = 200) =>
        Sys.ActorOf(ConversationActor.Props(id.Value, FixedTenantPolicies.Default, CreateTestProbe().Ref, snapshotEvery).WithMailbox(ConversationMailbox.ConfigPath));

    [Fact]
    public async Task Many_concurrent_commands_from_many_senders_are_each_answered_in_order()
    {
        var id = NewId();
        var actor = Conversation(id, snapshotEvery: 7);
        // Sent while the actor recovers and while it persists: stashed, prepended and replayed through the mailbox.
        var replies = await Task.WhenAll(Enumerable.Range(1, 200).AsParallel().Select(i => actor.Ask<Reply>(Inbound(id, $"wamid.{i}"), TimeSpan.FromSeconds(10))));

        Assert.All(replies, r => Assert.Equal(ReplyCode.Accepted, r.Code));
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), replies.Select(r => r.Message!.MessageNumber).Order());
        Assert.Equal(200, JournalProbe.Events(this, ConversationActor.PersistenceIdFor(id)).OfType<MessageReceived>().Count());
    }

    [Fact]
    public async Task A_stopped_conversation_recovers_on_the_same_mailbox()
    {
        var id = NewId();
        var actor = Conversation(id);
        Watch(actor);
        var first = await actor.Ask<Reply>(Inbound(id, "wamid.1"), TimeSpan.FromSeconds(5));
        actor.Tell(ConversationActor.Stop.Instance);
        ExpectTerminated(actor);

        var duplicate = await Conversation(id).Ask<Reply>(Inbound(id, "wamid.1"), TimeSpan.FromSeconds(5));

        Assert.Equal(ReplyCode.Duplicate, duplicate.Code);
        Assert.Equal(first.Message, duplicate.Message);
    }
}
