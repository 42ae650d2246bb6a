using AlexNetMl.Contract.Programs;
using AlexNetMl.Tests.Infrastructure;
using AlexNetMl.Training.Interop;
using AlexNetMl.Training.Models;
using AlexNetMl.Training.Steps;
using static TorchSharp.torch;

namespace AlexNetMl.Tests.Training.Interop;

[TestClass]
public sealed class PyTorchStateDictTests
{
    [TestMethod]
    [DataRow("lenet.pt", PyTorchFormat.Pickle)]
    [DataRow("lenet.safetensors", PyTorchFormat.Safetensors)]
    public void RealPyTorchFile_LoadsIntoLeNet_AndGivesPyTorchsLogits(string file, PyTorchFormat format)
    {
        PyTorchFixture.Expected expected = PyTorchFixture.Read();
        using var model = new LeNet();
        using (StateDict weights = PyTorchStateDict.Read(PyTorchFixture.File(file)))
        {
            Assert.AreEqual(format, weights.Format);
            CollectionAssert.AreEqual(expected.Keys, weights.Tensors.Keys.ToArray(), "PyTorch's keys, in PyTorch's order");
            BookLayout.Load(model, weights);
        }

        float[][] logits = Logits(model, expected.Logits.Length);
        for (int i = 0; i < logits.Length; i++)
        {
            for (int c = 0; c < logits[i].Length; c++)
            {
                Assert.AreEqual(expected.Logits[i][c], logits[i][c], 1e-5, $"image {i}, class {c}");
            }
        }
    }

    [TestMethod]
    [DataRow("weights.safetensors")]
    [DataRow("weights.pt")]
    public void OurWeights_RoundTrip_BitIdentical_WithIdenticalLogits(string name)
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        manual_seed(7);
        using var original = new LeNet();
        string path = temp.File(name);
        PyTorchStateDict.Write(path, BookLayout.StateDict(original));

        manual_seed(8);
        using var imported = new LeNet();
        using (StateDict weights = PyTorchStateDict.Read(path))
        {
            BookLayout.Load(imported, weights);
        }

        foreach ((var a, var b) in original.parameters().Zip(imported.parameters()))
        {
            Assert.IsTrue(a.allclose(b, rtol: 0, atol: 0), "bit-identical parameters");
        }

        float[][] before = Logits(original, 8), after = Logits(imported, 8);
        for (int i = 0; i < before.Length; i++)
        {
            CollectionAssert.AreEqual(before[i], after[i]);
        }

        Assert.IsEmpty(Directory.GetFiles(temp.Path, ".*"), "no temporary file is left");
    }

    [TestMethod]
    public void BookKeys_AreThePositionsOfTheBooksSequential()
    {
        using var alexnet = new AlexNet();
        string[] keys = BookLayout.Parameters(alexnet).Select(p => p.BookKey).ToArray();
        CollectionAssert.AreEqual(
            new[] { 0, 3, 6, 8, 10, 14, 17, 20 }.SelectMany(i => new[] { $"net.{i}.weight", $"net.{i}.bias" }).ToArray(),
            keys,
            "the book's AlexNet: convolutions at 0, 3, 6, 8, 10 and dense layers at 14, 17, 20 of self.net");
    }

    [TestMethod]
    public void KeysWithoutTheNetPrefix_FromABareSequential_AreRead()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        using var original = new LeNet();
        string path = temp.File("bare.safetensors");
        PyTorchStateDict.Write(path, BookLayout.StateDict(original).Select(p => (p.Key["net.".Length..], p.Tensor)).ToArray());

        using var imported = new LeNet();
        using StateDict weights = PyTorchStateDict.Read(path);
        BookLayout.Load(imported, weights);
        Assert.IsTrue(original.parameters().Zip(imported.parameters()).All(pair => pair.First.allclose(pair.Second, rtol: 0, atol: 0)));
    }

    [TestMethod]
    public void Truncated_Pickle_IsBadInput()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        byte[] bytes = File.ReadAllBytes(PyTorchFixture.File("lenet.pt"));
        string path = temp.File("truncated.pt");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.ThrowsExactly<PyTorchFileException>(() => PyTorchStateDict.Read(path).Dispose());
        StringAssert.Contains(e.Message, path);
    }

    [TestMethod]
    public void Truncated_Safetensors_IsBadInput_NamingTheTensor()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        byte[] bytes = File.ReadAllBytes(PyTorchFixture.File("lenet.safetensors"));
        string path = temp.File("truncated.safetensors");
        File.WriteAllBytes(path, bytes[..(bytes.Length - 100)]);
        var e = Assert.ThrowsExactly<PyTorchFileException>(() => PyTorchStateDict.Read(path).Dispose());
        StringAssert.Contains(e.Message, "truncated");
        StringAssert.Contains(e.Message, "'net.11.", "the last layer's tensors are the ones cut short");
    }

    [TestMethod]
    [DataRow(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0 }, "is not a PyTorch state_dict", DisplayName = "a PNG")]
    [DataRow(new byte[] { (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o' }, "is not a PyTorch state_dict", DisplayName = "text")]
    [DataRow(new byte[] { 0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8 }, "legacy", DisplayName = "a pre-1.6 torch.save pickle")]
    [DataRow(new byte[] { 0x50, 0x4B, 0x03, 0x04, 1, 2, 3 }, "cannot be read", DisplayName = "a broken zip")]
    public void NotAStateDict_IsBadInput(byte[] bytes, string expected)
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string path = temp.File("weights.pt");
        File.WriteAllBytes(path, bytes);
        var e = Assert.ThrowsExactly<PyTorchFileException>(() => PyTorchStateDict.Read(path).Dispose());
        StringAssert.Contains(e.Message, expected);
        Assert.IsInstanceOfType<BadInputException>(e);
    }

    [TestMethod]
    [DataRow("half.safetensors")]
    [DataRow("half.pt")]
    public void Float16Tensors_AreRefused_NamingTheKey(string name)
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        using var model = new LeNet();
        string path = temp.File(name);
        using var scope = NewDisposeScope();
        PyTorchStateDict.Write(path, BookLayout.StateDict(model).Select(p => (p.Key, p.Tensor.to(ScalarType.Float16))).ToArray());
        var e = Assert.ThrowsExactly<PyTorchFileException>(() => PyTorchStateDict.Read(path).Dispose());
        StringAssert.Contains(e.Message, "net.0.weight");
        StringAssert.Contains(e.Message, "float32");
    }

    [TestMethod]
    public void WrongArchitecture_NamesTheMissingAndUnexpectedKeys()
    {
        using var alexnet = new AlexNetSmall();
        using StateDict lenet = PyTorchStateDict.Read(PyTorchFixture.File("lenet.pt"));
        var e = Assert.ThrowsExactly<PyTorchFileException>(() => BookLayout.Load(alexnet, lenet));
        StringAssert.Contains(e.Message, "missing net.6.weight");
        StringAssert.Contains(e.Message, "unexpected net.7.weight");
        StringAssert.Contains(e.Message, "--model");
    }

    [TestMethod]
    public void WrongShape_NamesTheKeyAndBothShapes_AndCopiesNothing()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        using var source = new LeNet(numClasses: 5);
        string path = temp.File("five-classes.safetensors");
        PyTorchStateDict.Write(path, BookLayout.StateDict(source));

        using var model = new LeNet();
        using Tensor before = model.parameters().First().clone();
        using StateDict weights = PyTorchStateDict.Read(path);
        var e = Assert.ThrowsExactly<PyTorchFileException>(() => BookLayout.Load(model, weights));
        StringAssert.Contains(e.Message, "'net.11.weight' has shape [5, 84]");
        StringAssert.Contains(e.Message, "[10, 84]");
        Assert.IsTrue(before.allclose(model.parameters().First(), rtol: 0, atol: 0), "nothing is copied unless everything matches");
    }

    [TestMethod]
    public void OutputExtension_ChoosesTheFormat_AndAnyOtherIsRefused()
    {
        Assert.AreEqual(PyTorchFormat.Safetensors, PyTorchStateDict.FormatOf("w.safetensors"));
        Assert.AreEqual(PyTorchFormat.Pickle, PyTorchStateDict.FormatOf("w.PTH"));
        Assert.ThrowsExactly<ArgumentException>(() => PyTorchStateDict.FormatOf("w.onnx"));
    }

    private static float[][] Logits(FashionModel model, int images)
    {
        model.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        (Tensor batch, long[] _) = ModelExport.LabelledBatches(ModelCatalog.Get(model.Kind).Contract, SharedData.Test.Take(images)).First();
        Tensor logits = model.forward(batch);
        return Enumerable.Range(0, images).Select(i => logits[i].data<float>().ToArray()).ToArray();
    }
}
