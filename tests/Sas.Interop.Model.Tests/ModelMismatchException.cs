namespace Sas.Interop.Model.Tests;

/// <summary>The hub answered something else than the model (a served answer or a write's status).</summary>
internal sealed class ModelMismatchException(string message) : Exception(message);
