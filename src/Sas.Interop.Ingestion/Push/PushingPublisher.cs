namespace Sas.Interop.Ingestion.Push;

/// <summary>Who writes, as the pipeline needs it: the publisher (one writer at a time each) and the source its data is stored under.</summary>
/// <param name="Id">The configured publisher's id.</param>
/// <param name="SourceInstance">Its source, apart from every connector's (<c>push-&lt;id&gt;</c>).</param>
internal sealed record PushingPublisher(string Id, string SourceInstance)
{
    /// <summary>Pushed data is stored under <c>push-&lt;id&gt;</c>: apart from every connector's, so push never overwrites pull.</summary>
    public const string SourcePrefix = "push-";

    public static string SourceOf(string publisherId) => SourcePrefix + publisherId;

    public static PushingPublisher Of(string publisherId) => new(publisherId, SourceOf(publisherId));
}
