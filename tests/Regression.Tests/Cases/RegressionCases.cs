namespace Regression.Tests.Cases;

/// <summary>The cases share the machine's cores, so they never run at the same time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RegressionCases
{
    public const string Name = "Regression cases";
}
