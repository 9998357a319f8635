using InteractionEngine.Domain.Conversations;
using static InteractionEngine.Domain.Tests.Conversations.Scenario;

namespace InteractionEngine.Domain.Tests.Conversations;

public class IdleTimerTests
{
    private static readonly TenantPolicy Timers = new(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15));

    [Fact]
    public void Next_timer_is_the_idle_alert_counted_from_the_last_activity()
    {
        var state = Given(Inbound("w1"), Route(minute: 1), Send("c1", minute: 2));
        Assert.Equal(At(7), Conversation.NextTimerDue(state, Timers));
    }

    [Fact]
    public void After_the_alert_the_next_timer_is_the_auto_close()
    {
        var state = Apply(Given(Inbound("w1"), Route()), When(Given(Inbound("w1"), Route()), new CheckTimers(Id, At(5)), Timers));
        Assert.True(Started(state).IdleAlertRaised);
        Assert.Equal(At(15), Conversation.NextTimerDue(state, Timers));
    }

    [Fact]
    public void Check_before_due_changes_nothing()
    {
        Assert.Equal(ReplyCode.Unchanged, When(Given(Inbound("w1"), Route()), new CheckTimers(Id, At(4)), Timers).Reply.Code);
    }

    [Fact]
    public void Idle_alert_fires_once_then_auto_close_ends_the_session_by_the_system()
    {
        var state = Given(Inbound("w1"), Route());
        var alert = When(state, new CheckTimers(Id, At(6)), Timers);
        Assert.IsType<IdleAlertRaised>(Assert.Single(alert.Events));
        state = Apply(state, alert);
        Assert.Equal(ReplyCode.Unchanged, When(state, new CheckTimers(Id, At(7)), Timers).Reply.Code);
        var close = Assert.IsType<SessionEnded>(Assert.Single(When(state, new CheckTimers(Id, At(15)), Timers).Events));
        Assert.Equal(Party.System, close.By);
    }

    [Fact]
    public void Activity_resets_the_idle_clock()
    {
        var state = Given(Inbound("w1"), Route(), Inbound("w2", minute: 10));
        Assert.Equal(ReplyCode.Unchanged, When(state, new CheckTimers(Id, At(14)), Timers).Reply.Code);
        Assert.Equal(At(15), Conversation.NextTimerDue(state, Timers));
    }

    [Fact]
    public void No_timer_runs_without_an_active_session_or_with_timers_off()
    {
        Assert.Null(Conversation.NextTimerDue(Given(Inbound("w1")), Timers));
        Assert.Null(Conversation.NextTimerDue(Given(Inbound("w1"), Route(), EndByContact()), Timers));
        Assert.Null(Conversation.NextTimerDue(Given(Inbound("w1"), Route()), Timers with { IdleAlertAfter = null, IdleCloseAfter = null }));
    }
}
