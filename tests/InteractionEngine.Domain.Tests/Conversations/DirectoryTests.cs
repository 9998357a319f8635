using InteractionEngine.Domain.Conversations;
using static InteractionEngine.Domain.Tests.Conversations.Scenario;

namespace InteractionEngine.Domain.Tests.Conversations;

/// <summary>The directory entry as conversation events (docs/lifecycle.md, "Directory").</summary>
public class DirectoryTests
{
    private static readonly ContactPhone Mobile = new("+351912345678", "mobile");
    private static readonly ContactPhone Work = new("+351213456789", "work");

    private static EnterContact Enter(string? first = "Rita", string? last = "Lopes", ContactPhone[]? phones = null, string[]? emails = null) =>
        new(Id, first, last, phones ?? [Mobile], emails, "agent-1", At(0));

    private static UpdateContact Update(string? first = null, string? last = null, ContactPhone[]? phones = null, string[]? emails = null) =>
        new(Id, first, last, phones, emails, "agent-1", At(1));

    private static ContactEntry Entry(ConversationState state) => Assert.IsType<ContactEntry>(state.Directory);

    [Fact]
    public void Entering_a_contact_records_its_entry_before_any_interaction()
    {
        var decision = When(new ConversationState.None(), Enter(emails: ["Rita@Example.com"]));

        var entered = Assert.IsType<ContactEntered>(Assert.Single(decision.Events));
        Assert.Equal("agent-1", entered.By);
        Assert.Equal(["rita@example.com"], entered.Emails!);
        var state = Apply(new ConversationState.None(), decision);
        Assert.IsType<ConversationState.None>(state);
        Assert.Equal(("Rita", "Lopes"), (Entry(state).FirstName, Entry(state).LastName));
        Assert.Equal([Mobile], Entry(state).PhoneNumbers);
        Assert.Equal(["rita@example.com"], Entry(state).Emails);
        Assert.Equal("Rita", decision.Reply.Contact!.FirstName);
    }

    [Fact]
    public void Entering_repeats_a_number_once()
    {
        var decision = When(new ConversationState.None(), Enter(phones: [Mobile, Mobile with { Label = "other" }, Work]));
        Assert.Equal([Mobile, Work], Assert.IsType<ContactEntered>(Assert.Single(decision.Events)).PhoneNumbers);
    }

    [Fact]
    public void Entering_a_contact_already_in_the_directory_is_a_conflict() =>
        Assert.Equal(ReplyCode.Conflict, When(Given(Enter()), Enter()).Reply.Code);

    [Theory]
    [InlineData("912345678")]      // not E.164: the edge normalises first
    [InlineData("+0123456789")]
    [InlineData("+351 912 345 678")]
    public void A_number_not_in_E164_is_invalid(string number) =>
        Assert.Equal(ReplyCode.Invalid, When(new ConversationState.None(), Enter(phones: [new ContactPhone(number, null)])).Reply.Code);

    [Fact]
    public void Names_longer_than_200_characters_are_invalid()
    {
        var decision = When(new ConversationState.None(), Enter(first: new string('a', 201)));
        Assert.Equal(ReplyCode.Invalid, decision.Reply.Code);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void More_than_ten_numbers_are_invalid()
    {
        var phones = Enumerable.Range(0, 11).Select(i => new ContactPhone($"+35191234560{i % 10}{i / 10}", null)).ToArray();
        Assert.Equal(ReplyCode.Invalid, When(new ConversationState.None(), Enter(phones: phones)).Reply.Code);
    }

    [Theory]
    [InlineData("rita")]
    [InlineData("rita@localhost")]
    [InlineData("ri ta@example.com")]
    [InlineData("@example.com")]
    public void A_malformed_email_is_invalid(string email) =>
        Assert.Equal(ReplyCode.Invalid, When(new ConversationState.None(), Enter(emails: [email])).Reply.Code);

    [Fact]
    public void Changing_an_entry_not_in_the_directory_is_not_found()
    {
        Assert.Equal(ReplyCode.NotFound, When(new ConversationState.None(), Update(first: "Ana")).Reply.Code);
        Assert.Equal(ReplyCode.NotFound, When(new ConversationState.None(), new AddContactEmail(Id, "a@b.pt", "agent-1", At(1))).Reply.Code);
    }

    [Fact]
    public void Renaming_keeps_a_name_not_given()
    {
        var decision = When(Given(Enter()), Update(last: "Silva"));
        var renamed = Assert.IsType<ContactRenamed>(Assert.Single(decision.Events));
        Assert.Equal(("Rita", "Silva"), (renamed.FirstName, renamed.LastName));
    }

    [Fact]
    public void An_update_that_changes_nothing_is_unchanged_with_the_entry()
    {
        var decision = When(Given(Enter()), Update(first: "Rita", phones: [Mobile]));
        Assert.Equal(ReplyCode.Unchanged, decision.Reply.Code);
        Assert.Empty(decision.Events);
        Assert.NotNull(decision.Reply.Contact);
    }

    [Fact]
    public void Replacing_the_numbers_gives_exactly_the_new_list_in_its_order()
    {
        var extra = new ContactPhone("+351936000111", null);
        var state = Given(Enter(phones: [Mobile, Work]));
        var decision = When(state, Update(phones: [Work, extra, Mobile with { Label = "personal" }]));

        Assert.All(decision.Events, e => Assert.IsAssignableFrom<IDirectoryEvent>(e));
        Assert.Equal([Work, extra, Mobile with { Label = "personal" }], Entry(Apply(state, decision)).PhoneNumbers);
        Assert.Equal(Entry(Apply(state, decision)).PhoneNumbers, decision.Reply.Contact!.PhoneNumbers);
    }

    [Fact]
    public void Adding_a_known_number_relabels_it_in_place_and_without_a_label_changes_nothing()
    {
        var state = Given(Enter(phones: [Mobile, Work]));
        Assert.Equal(ReplyCode.Unchanged, When(state, new AddContactPhoneNumber(Id, Mobile.Number, null, "agent-1", At(1))).Reply.Code);

        var relabel = When(state, new AddContactPhoneNumber(Id, Mobile.Number, "home", "agent-1", At(1)));
        Assert.Equal([Mobile with { Label = "home" }, Work], Entry(Apply(state, relabel)).PhoneNumbers);
    }

    [Fact]
    public void An_eleventh_number_is_invalid()
    {
        var phones = Enumerable.Range(0, 10).Select(i => new ContactPhone($"+3519123456{i:00}", null)).ToArray();
        var decision = When(Given(Enter(phones: phones)), new AddContactPhoneNumber(Id, "+351936000111", null, "agent-1", At(1)));
        Assert.Equal(ReplyCode.Invalid, decision.Reply.Code);
    }

    [Fact]
    public void Removing_a_number_keeps_the_others_and_an_unknown_one_is_not_found()
    {
        var state = Given(Enter(phones: [Mobile, Work]));
        var removed = When(state, new RemoveContactPhoneNumber(Id, Mobile.Number, "agent-2", At(1)));
        Assert.Equal("agent-2", Assert.IsType<ContactPhoneNumberRemoved>(Assert.Single(removed.Events)).By);
        Assert.Equal([Work], Entry(Apply(state, removed)).PhoneNumbers);

        Assert.Equal(ReplyCode.NotFound, When(state, new RemoveContactPhoneNumber(Id, "+351936000111", "agent-1", At(1))).Reply.Code);
    }

    [Fact]
    public void Emails_are_added_once_in_lower_case_and_removed_in_any_case()
    {
        var state = Given(Enter(), new AddContactEmail(Id, " Rita@Example.COM ", "agent-1", At(1)));
        Assert.Equal(["rita@example.com"], Entry(state).Emails);
        Assert.Equal(ReplyCode.Unchanged, When(state, new AddContactEmail(Id, "rita@example.com", "agent-1", At(2))).Reply.Code);

        var removed = When(state, new RemoveContactEmail(Id, "RITA@example.com", "agent-1", At(2)));
        Assert.Empty(Entry(Apply(state, removed)).Emails);
        Assert.Equal(ReplyCode.NotFound, When(Apply(state, removed), new RemoveContactEmail(Id, "rita@example.com", "agent-1", At(3))).Reply.Code);
    }

    [Fact]
    public void Replacing_the_emails_removes_the_missing_and_adds_the_new()
    {
        var state = Given(Enter(emails: ["a@example.com", "b@example.com"]));
        var decision = When(state, Update(emails: ["b@example.com", "c@example.com"]));
        Assert.Equal(["b@example.com", "c@example.com"], Entry(Apply(state, decision)).Emails);
    }

    [Fact]
    public void The_entry_survives_the_first_interaction_and_later_ones()
    {
        var state = Given(Enter(), Inbound("wamid.1"), Route(), Done(minute: 2), Inbound("wamid.2", minute: 500));
        Assert.Equal([Mobile], Entry(Started(state)).PhoneNumbers);
        var renamed = Apply(state, When(state, Update(first: "Ana")));
        Assert.Equal("Ana", Entry(renamed).FirstName);
        Assert.Equal(Started(state).Current, Started(renamed).Current);
    }

    [Fact]
    public void A_change_without_its_author_is_invalid() =>
        Assert.Equal(ReplyCode.Invalid, When(new ConversationState.None(), Enter() with { By = " " }).Reply.Code);
}
