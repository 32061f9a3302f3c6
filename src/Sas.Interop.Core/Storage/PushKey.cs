namespace Sas.Interop.Core.Storage;

/// <summary>One resource of a publisher: FHIR type (<c>Slot</c>, <c>PractitionerRole</c>, …) and its native id.</summary>
public readonly record struct PushKey(string ResourceType, string NativeId);
