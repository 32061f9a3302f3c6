using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sas.Interop.Store.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PushIdentifiers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "push_identifiers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SourceInstance = table.Column<string>(type: "TEXT", nullable: false),
                    ResourceType = table.Column<string>(type: "TEXT", nullable: false),
                    System = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    NativeId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_push_identifiers", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_push_identifiers_SourceInstance_ResourceType_NativeId",
                table: "push_identifiers",
                columns: new[] { "SourceInstance", "ResourceType", "NativeId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_push_identifiers_SourceInstance_ResourceType_Value_System",
                table: "push_identifiers",
                columns: new[] { "SourceInstance", "ResourceType", "Value", "System" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "push_identifiers");
        }
    }
}
