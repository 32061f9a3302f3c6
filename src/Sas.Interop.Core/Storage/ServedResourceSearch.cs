namespace Sas.Interop.Core.Storage;

/// <summary>
/// A search of one resource type on its own (<c>GET [base]/Type?…</c>, not through a slot search): the resources of
/// <paramref name="ResourceType"/> whose <paramref name="Key"/> is one of <paramref name="Values"/> (OR), kept only
/// while a read by id would serve them.
/// </summary>
/// <param name="ResourceType">Practitioner or Organization (by national id), Schedule (by actor), Location (by organization).</param>
/// <param name="Key">What <paramref name="Values"/> are.</param>
/// <param name="Values">Prefixed national ids, or references <c>Type/id</c> or bare hub ids.</param>
public sealed record ServedResourceSearch(string ResourceType, ServedResourceSearchKey Key, IReadOnlyList<string> Values);
