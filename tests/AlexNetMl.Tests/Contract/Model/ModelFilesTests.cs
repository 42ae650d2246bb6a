using AlexNetMl.Contract.Model;

namespace AlexNetMl.Tests.Contract.Model;

[TestClass]
public sealed class ModelFilesTests
{
    [TestMethod]
    [DataRow(new byte[] { (byte)'P', (byte)'K', 3, 4, 20, 0 }, ModelFileFormat.Zip, DisplayName = "zip local header")]
    [DataRow(new byte[] { 0x08, 0x08, 0x12, 0x04 }, ModelFileFormat.Onnx, DisplayName = "ONNX, ir_version 8")]
    [DataRow(new byte[] { 0x08, 0x80, 0x01 }, ModelFileFormat.Unknown, DisplayName = "varint above one byte")]
    [DataRow(new byte[] { (byte)'P', (byte)'K', 5, 6 }, ModelFileFormat.Unknown, DisplayName = "zip end record only")]
    [DataRow(new byte[] { (byte)'{', (byte)'"' }, ModelFileFormat.Unknown, DisplayName = "JSON")]
    [DataRow(new byte[0], ModelFileFormat.Unknown, DisplayName = "empty")]
    public void Detect_ReadsTheFirstBytes(byte[] head, ModelFileFormat expected) => Assert.AreEqual(expected, ModelFiles.Detect(head));
}
