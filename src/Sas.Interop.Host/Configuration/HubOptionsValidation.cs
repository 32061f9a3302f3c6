using Microsoft.Extensions.Options;
using Sas.Interop.Core.Time;
using Sas.Interop.Sync.Configuration;
using Sas.Interop.Sync.Hosting;

namespace Sas.Interop.Host.Configuration;

/// <summary>
/// The hub's options are bound with <c>AddOptions&lt;T&gt;().Bind(section).ValidateOnStart()</c>; this checks them all at
/// once at start-up, with the connectors, so an operator reads every problem in one message (and the hub exits with
/// code 2, Program.cs), not one section per attempt.
/// </summary>
internal static class HubOptionsValidation
{
    /// <summary>Binds <typeparamref name="TOptions"/> to <paramref name="section"/>, validated at start-up by <paramref name="problems"/>.</summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(this IServiceCollection services, IConfigurationSection section, Func<TOptions, IEnumerable<string>> problems)
        where TOptions : class
    {
        services.AddSingleton<IValidateOptions<TOptions>>(new ProblemListValidator<TOptions>(problems));
        return services.AddOptions<TOptions>().Bind(section).ValidateOnStart();
    }

    /// <summary>
    /// Fails fast, before any job starts: the Paris time zone (<see cref="ParisTime"/>), then every options problem and
    /// every connector problem together. Options problems (with any connector problems) throw an
    /// <see cref="ArgumentException"/>; connector problems alone keep their <see cref="ConnectorConfigurationException"/>.
    /// </summary>
    public static void ValidateHubConfiguration(this IServiceProvider services)
    {
        ParisTime.EnsureAvailable();
        var problems = new List<string>();
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
        }
        catch (OptionsValidationException ex)
        {
            problems.AddRange(ex.Failures);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
        {
            problems.AddRange(ex.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures));
        }

        try
        {
            services.ValidateConnectors();
        }
        catch (ConnectorConfigurationException ex) when (problems.Count > 0)
        {
            problems.AddRange(ex.Problems);
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)));
        }
    }
}
