using AlexNetMl.Contract.Model;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Tests.Infrastructure;
using CsCheck;

namespace AlexNetMl.Tests.Contract.Model;

[TestClass]
public sealed class ModelContractFuzzTests
{
    [TestMethod]
    public void RandomMetadata_FailsOnlyWithModelContractExceptionAndValidContractsRoundTrip()
    {
        var valid = new ModelContract { InputHeight = 224, InputWidth = 224, Resize = ResizeMethod.Bilinear, ClassNames = FashionMnistClasses.Names }.ToMetadata();
        string[] keys = [.. valid.Keys, "unrelated", string.Empty];
        Gen<string> values = Gen.OneOf(
            Gen.String,
            Gen.Int.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Gen.Double.Select(d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
            Gen.Const("[\"a\",\"b\"]"),
            Gen.Const("null"),
            Gen.Const("[1,2,3]"),
            Gen.Const(new string('[', 5_000)),
            Gen.Const("none"));
        Gen<Dictionary<string, string>> metadata = Gen.Select(Gen.Int[0, keys.Length - 1].Array[0, 6], values.Array[6], Gen.Bool.Array[6], (picked, replacement, remove) =>
        {
            var copy = new Dictionary<string, string>(valid);
            for (int i = 0; i < picked.Length; i++)
            {
                if (remove[i])
                {
                    copy.Remove(keys[picked[i]]);
                }
                else
                {
                    copy[keys[picked[i]]] = replacement[i];
                }
            }

            return copy;
        });

        Fuzz.Check(metadata, entries =>
        {
            try
            {
                ModelContract contract = ModelContract.FromMetadata(entries, "fuzz.onnx");
                ModelContract again = ModelContract.FromMetadata(contract.ToMetadata(), "again");
                Assert.AreEqual(contract with { ClassNames = again.ClassNames }, again);
                CollectionAssert.AreEqual(contract.ClassNames.ToArray(), again.ClassNames.ToArray());
            }
            catch (ModelContractException)
            {
            }
        });
    }
}
