using InteractionEngine.Domain.Conversations;
using static InteractionEngine.Domain.Tests.Conversations.Scenario;

namespace InteractionEngine.Domain.Tests.Conversations;

/// <summary>Done with a wrap-up code and note from the tenant's list; private notes at any time (docs/lifecycle.md).</summary>
public class WrapUpAndNoteTests
{
    private static readonly WrapUpPolicy Codes = new([new WrapUpCode("resolved", "Resolved"), new WrapUpCode("callback", "Call back")], Required: false);
    private static readonly TenantPolicy Optional = TenantPolicy.Default with { WrapUp = Codes };
    private static readonly TenantPolicy Required = TenantPolicy.Default with { WrapUp = Codes with { Required = true } };

    private static ConversationState Live() => Given(Inbound("w1"), Route(), Send("c1"));

    private static MarkDone DoneWith(string? code, string? note = null, string agent = "agent-1") => new(Id, agent, At(1), code, note);

    private static AddPrivateNote Note(string clientId, string text = "VIP customer", string agent = "agent-1", int minute = 2) =>
        new(Id, agent, clientId, text, At(minute));

    [Fact]
    public void Done_with_a_known_code_and_a_note_records_the_code_its_label_and_the_note()
    {
        var decision = When(Live(), DoneWith("callback", "  ring back after 5pm "), Optional);
        Assert.Equal(ReplyCode.Accepted, decision.Reply.Code);
        var done = Assert.IsType<MarkedDone>(decision.Events[^1]);
        Assert.Equal(("callback", "Call back", "ring back after 5pm"), (done.WrapUpCode, done.WrapUpLabel, done.WrapUpNote));
    }

    [Fact]
    public void Done_with_an_unknown_code_is_invalid_names_the_codes_and_records_nothing()
    {
        var decision = When(Live(), DoneWith("sold"), Optional);
        Assert.Equal(ReplyCode.Invalid, decision.Reply.Code);
        Assert.Contains("resolved, callback", decision.Reply.Reason);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Done_without_a_code_when_the_tenant_requires_one_is_refused_and_records_nothing()
    {
        var decision = When(Live(), DoneWith(null, "just a note"), Required);
        Assert.Equal(ReplyCode.Invalid, decision.Reply.Code);
        Assert.Contains("requires a wrap-up code", decision.Reply.Reason);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Done_with_a_code_when_the_tenant_requires_one_is_accepted()
    {
        var decision = When(Live(), DoneWith("resolved"), Required);
        Assert.Equal("resolved", Assert.IsType<MarkedDone>(decision.Events[^1]).WrapUpCode);
    }

    [Fact]
    public void Done_without_a_code_when_not_required_is_accepted_with_no_wrap_up()
    {
        var done = Assert.IsType<MarkedDone>(When(Live(), Done(minute: 1), Optional).Events[^1]);
        Assert.Equal(new MarkedDone(Id, 1, "agent-1", At(1)), done);
    }

    [Fact]
    public void A_code_on_a_tenant_without_codes_is_invalid()
    {
        var decision = When(Live(), DoneWith("resolved"));
        Assert.Equal(ReplyCode.Invalid, decision.Reply.Code);
        Assert.Contains("none configured", decision.Reply.Reason);
    }

    [Fact]
    public void A_wrap_up_note_longer_than_the_limit_is_invalid()
    {
        var decision = When(Live(), DoneWith("resolved", new string('x', WrapUpPolicy.MaxNoteLength + 1)), Optional);
        Assert.Equal(ReplyCode.Invalid, decision.Reply.Code);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void The_lifecycle_rules_of_Done_come_before_the_wrap_up_rules()
    {
        var done = Apply(Live(), When(Live(), DoneWith("resolved"), Required));
        Assert.Equal(ReplyCode.Conflict, When(done, DoneWith("resolved"), Required).Reply.Code);
        Assert.Equal(ReplyCode.Forbidden, When(Live(), DoneWith("resolved", agent: "agent-2"), Required).Reply.Code);
    }

    [Theory]
    [InlineData("live")]
    [InlineData("queued")]
    [InlineData("ended")]
    [InlineData("done")]
    public void A_note_is_accepted_in_every_state_of_the_interaction(string status)
    {
        var state = status switch
        {
            "queued" => Given(Inbound("w1")),
            "ended" => Given(Inbound("w1"), Route(), EndByContact()),
            "done" => Given(Inbound("w1"), Route(), Done()),
            _ => Live(),
        };
        var decision = When(state, Note("n1", agent: "agent-2"));
        Assert.Equal(ReplyCode.Accepted, decision.Reply.Code);
        Assert.Equal(new PrivateNoteAdded(Id, 1, "agent-2", "n1", "VIP customer", At(2)), Assert.Single(decision.Events));
    }

    [Fact]
    public void A_note_changes_no_lifecycle_read_position_message_number_or_activity()
    {
        var before = Started(Live());
        var after = Started(Apply(before, When(before, Note("n1", minute: 9))));
        Assert.Equal(before with { ProcessedKeys = after.ProcessedKeys }, after);
    }

    [Fact]
    public void A_retried_note_is_a_duplicate_and_records_nothing()
    {
        var state = Apply(Live(), When(Live(), Note("n1")));
        var decision = When(state, Note("n1", minute: 3));
        Assert.Equal((ReplyCode.Duplicate, 1, (MessageRef?)null), (decision.Reply.Code, decision.Reply.Interaction, decision.Reply.Message));
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void A_note_before_any_interaction_is_not_found()
    {
        Assert.Equal(ReplyCode.NotFound, When(new ConversationState.None(), Note("n1")).Reply.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_note_is_invalid(string text) =>
        Assert.Equal(ReplyCode.Invalid, When(Live(), Note("n1", text)).Reply.Code);

    [Fact]
    public void A_note_longer_than_the_limit_is_invalid() =>
        Assert.Equal(ReplyCode.Invalid, When(Live(), Note("n1", new string('x', CommandValidation.MaxNoteLength + 1))).Reply.Code);
}
