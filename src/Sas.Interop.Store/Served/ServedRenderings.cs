namespace Sas.Interop.Store;

/// <summary>The one rule on stored renderings the store applies itself: whether one may be served as it is.</summary>
internal static class ServedRenderings
{
    /// <summary>A rendering is served only if its first byte is the renderer's current format.</summary>
    public static bool IsCurrent(byte[]? rendering, byte format) => rendering is { Length: > 0 } && rendering[0] == format;
}
