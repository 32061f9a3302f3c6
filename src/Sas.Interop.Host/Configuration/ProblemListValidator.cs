using Microsoft.Extensions.Options;

namespace Sas.Interop.Host.Configuration;

/// <summary>
/// Validates an options type with the <c>Section:Key: message</c> lines it already knows how to list, so each problem
/// keeps the key it names in the start-up report.
/// </summary>
internal sealed class ProblemListValidator<TOptions>(Func<TOptions, IEnumerable<string>> problems) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var found = problems(options).ToList();
        return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
    }
}
