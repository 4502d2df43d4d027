using Regression.Core.Settings;
using Xunit.Abstractions;

namespace Regression.Tests.Cases;

/// <summary>Runs Test Case 1 (billsum, one model, 300–350 req/s) once for all its rows.</summary>
public sealed class SingleWorkloadFixture(IMessageSink diagnostics) : RegressionCaseFixture(RegressionCase.SingleWorkload, diagnostics);

/// <summary>Test Case 1: is single-model, prefill-heavy serving slower or less stable than the baseline?</summary>
[Trait("Category", "SingleWorkload")]
[Collection(RegressionCases.Name)]
public sealed class SingleWorkloadTests(SingleWorkloadFixture fixture, ITestOutputHelper output)
    : RegressionCaseTests(fixture, output), IClassFixture<SingleWorkloadFixture>;
