using NUnit.Framework.Internal;
using Sas.Interop.Core.Sync;

namespace Sas.Interop.Connectors.Testing.Tests;

/// <summary>The kit refuses roster and scope keys the hub would never match a slot with, and says the form it wants.</summary>
public sealed class RosterKeyFormatTests
{
    private const string PractitionerRule = "the hub keys practitioners by their IDNPS national id, 8+RPPS (11 digits) or 0+ADELI (9 digits)";
    private static readonly DateTimeOffset From = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task AssertConforms_fails_on_a_bare_RPPS_naming_the_prefixed_form()
    {
        var run = await RunAsync(SyncScopeKind.Practitioner, "10003456789");

        var failure = KitFailure(() => ConnectorConformance.AssertConforms(run, ["10003456789"], expectSlots: false));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(failure, Does.Contain($"roster key '10003456789' is a bare RPPS: {PractitionerRule}: '810003456789'"));
            Assert.That(failure, Does.Contain($"batch scope key '10003456789' is a bare RPPS: {PractitionerRule}: '810003456789'"));
        }
    }

    [Test]
    public async Task AssertDeclaresRoster_fails_on_a_bare_RPPS_or_ADELI_naming_the_prefixed_form()
    {
        var settings = Settings(SyncScopeKind.Practitioner, "10003456789", "123456789");
        var run = await RunAsync(SyncScopeKind.Practitioner, "10003456789", "123456789");

        var failure = KitFailure(() => ConnectorConformance.AssertDeclaresRoster(new RosterConnectorType(), "roster", settings, run));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(failure, Does.Contain($"roster key '10003456789' is a bare RPPS: {PractitionerRule}: '810003456789'"));
            Assert.That(failure, Does.Contain($"roster key '123456789' is a bare ADELI: {PractitionerRule}: '0123456789'"));
        }
    }

    [Test]
    public async Task A_key_that_is_no_national_id_at_all_fails_with_the_format()
    {
        var run = await RunAsync(SyncScopeKind.Practitioner, "dr-martin");

        var failure = KitFailure(() => ConnectorConformance.AssertConforms(run, ["dr-martin"], expectSlots: false));

        Assert.That(failure, Does.Contain($"roster key 'dr-martin' is not a practitioner national id: {PractitionerRule}"));
    }

    [Test]
    public async Task Structure_keys_must_be_1_FINESS_or_3_SIRET()
    {
        var run = await RunAsync(SyncScopeKind.Organization, "12345678901234");

        var failure = KitFailure(() => ConnectorConformance.AssertConforms(run, ["12345678901234"], expectSlots: false, kind: SyncScopeKind.Organization));

        Assert.That(failure, Does.Contain("roster key '12345678901234' is a bare SIRET: the hub keys structure agendas by their IDNST national id, 1+FINESS (9 characters) or 3+SIRET (14 digits): '312345678901234'"));
    }

    [Test]
    public async Task Prefixed_keys_pass()
    {
        string[] practitioners = ["810003456789", "0123456789"];
        string[] structures = ["1750000001", "312345678901234"];
        var practitionerRun = await RunAsync(SyncScopeKind.Practitioner, practitioners);
        var structureRun = await RunAsync(SyncScopeKind.Organization, structures);

        ConnectorConformance.AssertConforms(practitionerRun, practitioners, expectSlots: false);
        ConnectorConformance.AssertDeclaresRoster(new RosterConnectorType(), "roster", Settings(SyncScopeKind.Practitioner, practitioners), practitionerRun);
        ConnectorConformance.AssertConforms(structureRun, structures, expectSlots: false, kind: SyncScopeKind.Organization);
        ConnectorConformance.AssertDeclaresRoster(new RosterConnectorType(), "roster", Settings(SyncScopeKind.Organization, structures), structureRun);
    }

    // The kit's failure is the expected outcome here: an isolated context keeps it out of this test's own result.
    private static string? KitFailure(Action kitAssertion)
    {
        using (new TestExecutionContext.IsolatedContext())
        {
            try
            {
                kitAssertion();
                return null;
            }
            catch (ResultStateException failure)
            {
                return failure.Message;
            }
        }
    }

    private static Dictionary<string, string?> Settings(SyncScopeKind kind, params string[] keys)
    {
        var settings = new Dictionary<string, string?> { ["Kind"] = kind.ToString() };
        for (var i = 0; i < keys.Length; i++)
        {
            settings[$"Keys:{i}"] = keys[i];
        }

        return settings;
    }

    private static async Task<ConnectorConformanceRun> RunAsync(SyncScopeKind kind, params string[] keys)
    {
        using var unused = new HttpClient();
        var connector = ConnectorConformance.Create(new RosterConnectorType(), "roster", Settings(kind, keys), unused);
        return await ConnectorConformance.RunAsync(connector, From, From.AddHours(24), "roster");
    }
}
