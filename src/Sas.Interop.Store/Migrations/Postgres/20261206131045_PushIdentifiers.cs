using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Sas.Interop.Store.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SourceInstance = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ResourceType = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    System = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false, collation: "C"),
                    Value = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    NativeId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C")
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
