using Akka.Actor;
using Akka.TestKit.Xunit2;
using InteractionEngine.Actors.Conversations;
using InteractionEngine.Domain.Conversations;
using static InteractionEngine.Actors.Tests.TestCommands;

namespace InteractionEngine.Actors.Tests;

/// <summary>A command that reaches no conversation (it stopped: its recovery failed) is answered Unavailable at once.</summary>
public class UndeliveredCommandAnswererSpecs : TestKit
{
    public UndeliveredCommandAnswererSpecs()
    {
        var answerer = Sys.ActorOf(Props.Create<UndeliveredCommandAnswerer>());
        // Subscribed in PreStart: a round trip through the actor proves it ran before the test sends anything.
        answerer.Ask<ActorIdentity>(new Identify(null), TimeSpan.FromSeconds(5)).Wait();
    }

    [Fact]
    public async Task A_command_to_a_stopped_conversation_is_answered_unavailable()
    {
        var gone = await Stopped();
        var caller = CreateTestProbe();
        gone.Tell(Inbound(NewId(), "wamid.1"), caller.Ref);
        Assert.Equal(ReplyCode.Unavailable, caller.ExpectMsg<Reply>().Code);
    }

    [Fact]
    public async Task A_correlated_command_is_answered_too()
    {
        var gone = await Stopped();
        var caller = CreateTestProbe();
        gone.Tell(new CorrelatedCommand(Inbound(NewId(), "wamid.1"), "req-1"), caller.Ref);
        Assert.Equal(ReplyCode.Unavailable, caller.ExpectMsg<Reply>().Code);
    }

    [Fact]
    public async Task Other_dead_letters_are_left_alone()
    {
        var gone = await Stopped();
        var other = CreateTestProbe();
        var caller = CreateTestProbe();
        gone.Tell("not a command", other.Ref);
        gone.Tell(new CorrelatedCommand(Inbound(NewId(), "wamid.2"), "req-2"), caller.Ref);
        // Dead letters are handled in order: once the command is answered, an answer to the string would be there already.
        Assert.Equal(ReplyCode.Unavailable, caller.ExpectMsg<Reply>().Code);
        Assert.False(other.HasMessages);
    }

    private async Task<IActorRef> Stopped()
    {
        var actor = Sys.ActorOf(Props.Empty);
        Watch(actor);
        await actor.GracefulStop(TimeSpan.FromSeconds(5));
        ExpectTerminated(actor);
        return actor;
    }
}
